// Each test class starts its own server; on a 2-core machine two at a time keeps the suite fast without thrashing.
[assembly: CollectionBehavior(MaxParallelThreads = 2)]
