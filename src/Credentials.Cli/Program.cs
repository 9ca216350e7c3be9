using Credentials.Cli;

// The "credentials" command: see README.md beside this file for commands, settings and exit codes.
return await CliApp.RunAsync(args, CliConsole.FromProcess()).ConfigureAwait(false);
