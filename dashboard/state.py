"""Every session-state key the pages use, named once here and prefixed per page.

Widget values are dropped when their page is not shown, so a value that must survive a
page change is copied to one of these non-widget keys.
"""
