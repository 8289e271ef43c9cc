import chalk from "chalk"; import express from "express";
