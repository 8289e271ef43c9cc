plugins { application }

application { mainClass.set("api.Main") }
