from setuptools import setup

setup(
    name="greeter",
    version="1.0",
    py_modules=["greeter"],
    # Installed below the prefix pip installs into (share/greeter), as
    # Jupyter's kernels and assets are.
    data_files=[("share/greeter", ["greeting.txt"])],
    entry_points={"console_scripts": ["greet=greeter:main"]},
)
