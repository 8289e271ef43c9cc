import express from "express";
