plugins { id("application") }
application { mainClass.set("app.Main") }
