package app;

class Main {}
