// libtorch's random generator and thread count are process-wide: a test that seeds and then draws (model
// initialisation, dropout, random batches) must not interleave with another test's draws, or "same seed, same
// numbers" stops holding. Tests of this assembly therefore run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
