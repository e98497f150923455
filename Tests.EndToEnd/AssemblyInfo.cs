// The test classes build and publish projects and run a browser: on a machine of two cores they would only compete, and
// the browser tests' timings must not be taken while a build runs beside them.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
