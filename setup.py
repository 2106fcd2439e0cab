"""The wheel: `core` and `dashboard`, and the lab's own files as the `cnnlab_files` package
(pages/, assets/ and locale/ of the checkout; core.paths finds them there once installed)."""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(include=["core*", "dashboard*"]),
        "cnnlab_files",
        "cnnlab_files.pages",
    ],
    package_dir={"cnnlab_files": "."},
    package_data={
        "cnnlab_files": [
            "assets/*",
            "assets/**/*",
            "locale/*/LC_MESSAGES/*",
            ".streamlit/config.toml",
        ],
        "cnnlab_files.pages": ["*.py"],
    },
    include_package_data=False,
)
