from setuptools import find_packages, setup

setup(
    name="shop",
    version="1.0",
    packages=find_packages(),
    install_requires=[
        "flask>=3",
        'psycopg2>=2.9',
    ],
)
