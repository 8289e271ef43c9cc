from setuptools import find_packages, setup


def requirements():
    with open("deps.in") as f:
        return [line.strip() for line in f if line.strip()]


setup(name="shop", version="1.0", packages=find_packages(), install_requires=requirements())
