console.log("hello from the server folder");
