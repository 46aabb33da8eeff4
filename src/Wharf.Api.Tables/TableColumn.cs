namespace Wharf.Api.Tables;

/// <summary>
/// One entry of a <c>meta.k8s.io/v1</c> Table's <c>columnDefinitions</c>.
/// </summary>
/// <param name="Name">Column header as kubectl prints it upper-cased (e.g. <c>Ready</c>).</param>
/// <param name="Type">OpenAPI type: <c>string</c>, <c>integer</c>, <c>number</c>, <c>boolean</c> or <c>date</c>.</param>
/// <param name="Format">OpenAPI format hint; <c>name</c> marks the object-name column, otherwise empty.</param>
/// <param name="Description">Human description, taken from the API field documentation as upstream does.</param>
/// <param name="Priority">0 = shown by default, 1 = shown only with <c>-o wide</c>.</param>
public sealed record TableColumn(string Name, string Type, string Format, string Description, int Priority);
