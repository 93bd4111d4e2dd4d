export * from './createIds';
export * from './createRandom';
export * from './createSimClock';
export * from './createSimulation';
export * from './createTrace';
export * from './timerHeap';
