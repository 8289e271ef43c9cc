const puppeteer = require('puppeteer');
