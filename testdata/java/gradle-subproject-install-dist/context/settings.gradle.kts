rootProject.name = "shop"
include("api")
