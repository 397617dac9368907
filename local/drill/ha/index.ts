export { HA_SCENARIOS, OUTAGE_MS, type HaScenario } from "./scenarios";
export { runHaDrill, runHaScenario, type HaDrillResult, type HaFigures } from "./run";
export { haFiguresTable, haReportMarkdown, writeHaReport } from "./report";
