// Placeholder until the GraphiQL explorer lands.
document.getElementById("explorer")!.textContent = "API explorer";
