require("express");require("sharp");
