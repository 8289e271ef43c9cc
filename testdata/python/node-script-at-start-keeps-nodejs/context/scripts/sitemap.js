console.log("sitemap")
