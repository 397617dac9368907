export { describeHaStack } from "./describe";
export { checkHaShape, Gossip, RuleEngine, startHaStack, type HaStack, type HaStackOptions } from "./stack";
export { haShapeProblems, HaShapeError, localRemoteWritePath, queueConfig, readHaShape, type HaShape } from "./shape";
