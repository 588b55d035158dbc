// libyaml as Yams builds it (its `CYaml` module). Yams offers no way to see a document's
// events, and composing it first is what a billion-laughs file turns into minutes and
// gigabytes, so the answers reader walks libyaml's events itself, before Yams composes.
import CYaml

/// Finds the first YAML alias (`*name`) of a text from libyaml's event stream: linear time and
/// constant memory whatever the aliases would expand to.
enum YAMLAliasFinder {
    struct Alias: Equatable {
        /// The anchor it refers to, without `*`.
        var name: String
        /// 1-based, as editors count.
        var line: Int
    }

    /// The first alias in `text`, or `nil` when it has none. Text that is not YAML yields `nil`
    /// too: Yams reports the same syntax error, with its line, when it composes.
    static func firstAlias(in text: String) -> Alias? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer -> Alias? in
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                let type = event.type
                var found: Alias?
                if type == YAML_ALIAS_EVENT {
                    let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
                    found = Alias(name: name, line: Int(event.start_mark.line) + 1)
                }
                yaml_event_delete(&event)
                if found != nil || type == YAML_STREAM_END_EVENT { return found }
            }
            return nil
        }
    }
}
