namespace NmSparse;

/// <summary>
/// A problem with what the user asked for (bad setting, bad file, incompatible layer). Its message is one line that
/// names the file/line/key/setting/layer involved; a tool prints it and exits with a non-zero code.
/// </summary>
public class UserInputException : Exception
{
    public UserInputException(string message) : base(message) { }
    public UserInputException(string message, Exception inner) : base(message, inner) { }
}
