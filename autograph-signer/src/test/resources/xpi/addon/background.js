// TEST-ONLY fixture
console.log("signet xpi fixture");
