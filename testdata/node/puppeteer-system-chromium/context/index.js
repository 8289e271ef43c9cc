require("puppeteer")
