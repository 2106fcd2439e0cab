"""The Streamlit shell of CNN Lab: navigation, shared widgets, state keys, figures."""
