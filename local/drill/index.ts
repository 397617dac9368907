export { SCENARIOS, PAGE_DEADLINE_MS, type Scenario } from "./scenarios";
export { runScenario, type DrillResult } from "./run";
export { writeReport, reportMarkdown } from "./report";
export { renderChart } from "./chart";
export { formatTimeline, passed, type TimelineRow } from "./timeline";
