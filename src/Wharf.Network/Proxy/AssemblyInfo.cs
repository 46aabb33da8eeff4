using System.Runtime.CompilerServices;

// The proxy benchmark drives the syncer with an in-memory source, as the tests do.
[assembly: InternalsVisibleTo("Wharf.Bench")]
