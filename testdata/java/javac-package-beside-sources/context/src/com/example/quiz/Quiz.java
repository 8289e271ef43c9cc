package com.example.quiz;

public class Quiz {
    public static void main(String[] args) {
        System.out.println("2 + 2 = " + (2 + 2));
    }
}
