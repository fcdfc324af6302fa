import Foundation

/// A small, strict command-line parser: `--name value`, `--name=value`, repeated options, flags, and a
/// clear usage error for anything unknown.
struct ArgumentParser {
  /// What an option takes.
  enum Arity {
    case flag
    case single
    case repeated
  }

  struct UsageError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
  }

  let command: String
  let options: [String: Arity]
  /// Short aliases (`-o` for `--output`).
  let aliases: [String: String]

  struct Parsed {
    var values: [String: [String]] = [:]
    var flags: Set<String> = []

    func value(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }
    func has(_ name: String) -> Bool { flags.contains(name) || values[name] != nil }

    /// The input paths (`--iac`, `--live`, …) that are absolute but lie below the working directory, made
    /// relative to it: every file a report names is then relative (a SARIF location GitHub can place, a
    /// report that reads the same on every machine). Paths elsewhere stay as given.
    mutating func relativizeInputPaths(base: String = FileManager.default.currentDirectoryPath) {
      let prefix = base.hasSuffix("/") ? base : base + "/"
      for name in ["iac", "live", "snapshots", "var-file", "tf-schema", "parameters", "ignore", "before", "after"] {
        guard let paths = values[name] else { continue }
        values[name] = paths.map { path in
          guard path.hasPrefix(prefix), path.count > prefix.count else { return path == base ? "." : path }
          return String(path.dropFirst(prefix.count))
        }
      }
    }
  }

  func parse(_ arguments: [String]) throws -> Parsed {
    var parsed = Parsed()
    var index = 0
    while index < arguments.count {
      var argument = arguments[index]
      index += 1
      if let long = aliases[argument] { argument = long }
      guard argument.hasPrefix("--"), argument.count > 2 else {
        throw UsageError(message: "unexpected argument '\(argument)' for '\(command)'")
      }
      var name = String(argument.dropFirst(2))
      var inlineValue: String?
      if let equals = name.firstIndex(of: "=") {
        inlineValue = String(name[name.index(after: equals)...])
        name = String(name[..<equals])
      }
      guard let arity = options[name] else {
        let suggestion = options.keys.sorted().first { $0.hasPrefix(String(name.prefix(3))) }
        throw UsageError(
          message: "unknown option '--\(name)' for '\(command)'"
            + (suggestion.map { "; did you mean '--\($0)'?" } ?? ""))
      }
      switch arity {
      case .flag:
        if inlineValue != nil { throw UsageError(message: "option '--\(name)' takes no value") }
        parsed.flags.insert(name)
      case .single, .repeated:
        let value: String
        if let inlineValue {
          value = inlineValue
        } else {
          guard index < arguments.count, !arguments[index].hasPrefix("--") else {
            throw UsageError(message: "option '--\(name)' needs a value")
          }
          value = arguments[index]
          index += 1
        }
        if arity == .single, parsed.values[name] != nil {
          throw UsageError(message: "option '--\(name)' is given more than once")
        }
        parsed.values[name, default: []].append(value)
      }
    }
    return parsed
  }
}
