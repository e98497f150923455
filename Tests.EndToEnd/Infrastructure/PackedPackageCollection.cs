namespace Tests.EndToEnd.Infrastructure;

/// <summary>Puts the test classes that use the packed package in one collection, which packs it once. Its classes
/// run one after another: each builds projects, and two builds at once only compete for the same cores.</summary>
[CollectionDefinition(PackedPackage.Collection)]
public sealed class PackedPackageCollection : ICollectionFixture<PackedPackage>;
