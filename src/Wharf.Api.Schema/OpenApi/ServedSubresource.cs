namespace Wharf.Api.Schema.OpenApi;

/// <summary>
/// A subresource (<c>status</c>, <c>scale</c>, <c>exec</c>…) with the kind its requests and answers carry
/// (<c>autoscaling/v1 Scale</c> for scale, the parent kind for status) and its discovery verbs.
/// </summary>
public sealed record ServedSubresource(string Name, GroupVersionKind Kind, IReadOnlyList<string> Verbs);
