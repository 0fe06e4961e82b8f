console.log("hello from signet");
