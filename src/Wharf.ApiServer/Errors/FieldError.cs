namespace Wharf.ApiServer.Errors;

/// <summary>A validation failure on one field, worded as apimachinery's field.Error prints it.</summary>
public sealed record FieldError(string Type, string Field, string Detail, object? BadValue = null, bool HasBadValue = false)
{
    public static FieldError Required(string field, string detail = "") => new("FieldValueRequired", field, detail);
    public static FieldError Invalid(string field, object? value, string detail) => new("FieldValueInvalid", field, detail, value, true);
    public static FieldError Forbidden(string field, string detail) => new("FieldValueForbidden", field, detail);
    public static FieldError NotSupported(string field, object? value, IEnumerable<string> supported) =>
        new("FieldValueNotSupported", field, "supported values: " + string.Join(", ", supported.Select(s => $"\"{s}\"")), value, true);
    public static FieldError Duplicate(string field, object? value) => new("FieldValueDuplicate", field, "", value, true);

    /// <summary>field.NotFound: a reference to something the object does not define, e.g. a mount of an unknown volume.</summary>
    public static FieldError NotFound(string field, object? value) => new("FieldValueNotFound", field, "", value, true);
    /// <summary>apimachinery 1.32's field.TooLong without a value: "Too long: may not be more than N bytes".</summary>
    public static FieldError TooLong(string field, int max) =>
        new("FieldValueTooLong", field, $"may not be more than {max} bytes");

    /// <summary>The message without the field prefix, e.g. <c>Invalid value: "Bad_Name": a lowercase …</c>.</summary>
    public string Message
    {
        get
        {
            var head = Type switch
            {
                "FieldValueRequired" => "Required value",
                "FieldValueInvalid" => "Invalid value",
                "FieldValueForbidden" => "Forbidden",
                "FieldValueNotSupported" => "Unsupported value",
                "FieldValueDuplicate" => "Duplicate value",
                "FieldValueTooLong" => "Too long",
                "FieldValueTooMany" => "Too many",
                "FieldValueNotFound" => "Not found",
                _ => "Invalid value",
            };
            if (HasBadValue)
            {
                head += ": " + FormatValue(BadValue);
            }
            return Detail.Length > 0 ? $"{head}: {Detail}" : head;
        }
    }

    public override string ToString() => $"{Field}: {Message}";

    private static string FormatValue(object? value) => value switch
    {
        null => "null",
        RawFieldValue raw => raw.Text,
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "null",
    };
}

/// <summary>A bad value already printed the way upstream prints it (e.g. <c>[]string{"10.0.0.1"}</c>).</summary>
public sealed record RawFieldValue(string Text);
