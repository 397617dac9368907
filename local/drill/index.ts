export { SCENARIOS, PAGE_DEADLINE_MS, type Scenario } from "./scenarios";
export { runDrill, runScenario, type DrillResult } from "./run";
export { drillFigures, type DrillFigures } from "./figures";
export { figuresTable, writeReport, reportMarkdown } from "./report";
export { chartSpec, chartSvg, renderChart } from "./chart";
export { formatTimeline, passed, type TimelineRow } from "./timeline";
