const express = require("express");
const { renderToString } = require("react-dom/server");
express().listen(3000);
