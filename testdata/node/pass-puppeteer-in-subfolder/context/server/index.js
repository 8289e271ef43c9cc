require("puppeteer").launch().then((b) => b.close())
