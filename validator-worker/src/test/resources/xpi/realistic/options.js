document.getElementById("interval").value = 15;
