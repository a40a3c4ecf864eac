import { runStandalone } from "../standalone.js";

runStandalone("feedback");
