package shop.core;

public class Cart {}
