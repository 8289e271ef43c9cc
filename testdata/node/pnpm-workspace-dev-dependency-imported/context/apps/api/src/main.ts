import "dotenv/config"; import express from "express";
