document.getElementById("app")!.textContent = "Wizyty";
