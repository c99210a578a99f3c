namespace NmSparse;

/// <summary>
/// A problem with what the user asked for (bad option, bad file, incompatible layer). Its message is one line
/// that names the file/line/key/layer involved; the CLI prints it and exits with code 2.
/// </summary>
public sealed class UserInputException : Exception
{
    public UserInputException(string message) : base(message) { }
    public UserInputException(string message, Exception inner) : base(message, inner) { }
}
