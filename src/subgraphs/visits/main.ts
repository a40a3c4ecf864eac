import { runStandalone } from "../standalone.js";

runStandalone("visits");
