/// Every key the wizard understands, with the words help and the footer show for it. The
/// update function looks keys up here, and help is generated from here, so the two can
/// never disagree.
public enum WizardAction: Equatable, Sendable {
    case nextField, previousField
    case toggle, activate
    case nextStep, previousStep, goToStep(WizardStep)
    case help, quit
    case scrollUp, scrollDown, pageUp, pageDown, top, bottom
    case reuseValue, deleteRow, addRow, clearField
    /// Open the focused field's pick list; in it: mark a row, take the marks, read the list again.
    case openPickList, pickMark, pickDone, pickReload
}

public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var help: String
    public var action: WizardAction
    /// Shown in the footer (the short list); the rest appear in help only.
    public var inFooter: Bool
    /// The footer's shorter words, where help's would crowd out the other keys at 80 columns.
    public var footerHelp: String

    init(_ keys: [Key], _ help: String, _ action: WizardAction, footer: Bool = true, short: String? = nil) {
        self.keys = keys
        self.help = help
        self.action = action
        self.inFooter = footer
        self.footerHelp = short ?? help
    }
}

public enum KeyMap {
    public enum Context: String, CaseIterable, Sendable {
        case global, text, checkbox, radio, section, button, viewport, tagCell, parameter, pickable, pickList
    }

    public static func bindings(_ context: Context) -> [KeyBinding] {
        switch context {
        case .global:
            return [
                KeyBinding([.tab, .down], "next field", .nextField),
                KeyBinding([.backTab, .up], "previous field", .previousField),
                KeyBinding([.control("n")], "next step", .nextStep),
                KeyBinding([.control("p")], "previous step", .previousStep),
                KeyBinding([.function(1), .character("?")], "help", .help),
                KeyBinding([.escape], "quit (asks first)", .quit),
                KeyBinding([.pageDown], "scroll down a page", .pageDown, footer: false),
                KeyBinding([.pageUp], "scroll up a page", .pageUp, footer: false),
                KeyBinding([.function(2)], "go to step 1, Role settings", .goToStep(.role), footer: false),
                KeyBinding([.function(3)], "go to step 2, ML activities", .goToStep(.activities), footer: false),
                KeyBinding([.function(4)], "go to step 3, Policies and tags", .goToStep(.policies), footer: false),
                KeyBinding([.function(5)], "go to step 4, Review", .goToStep(.review), footer: false),
            ]
        case .text:
            return [
                KeyBinding([.enter], "next field", .nextField),
                KeyBinding([.control("u")], "clear the field", .clearField, footer: false),
            ]
        case .parameter:
            return [
                KeyBinding([.enter], "next field", .nextField),
                KeyBinding([.control("r")], "reuse a value from another activity", .reuseValue, short: "reuse a value"),
                KeyBinding([.control("u")], "clear the field", .clearField, footer: false),
            ]
        case .tagCell:
            return [
                KeyBinding([.enter], "next field", .nextField),
                KeyBinding([.control("d")], "delete this tag", .deleteRow),
                KeyBinding([.control("a")], "add a tag", .addRow),
                KeyBinding([.control("u")], "clear the field", .clearField, footer: false),
            ]
        case .checkbox:
            return [KeyBinding([.character(" "), .enter], "select / unselect", .toggle),
                    KeyBinding([.home], "first of the list", .top, footer: false),
                    KeyBinding([.end], "last of the list", .bottom, footer: false)]
        case .radio:
            return [KeyBinding([.character(" "), .enter], "choose", .toggle)]
        case .section:
            return [KeyBinding([.character(" "), .enter], "open / close the section", .toggle)]
        case .button:
            return [KeyBinding([.enter, .character(" ")], "press", .activate)]
        case .pickable:
            return [KeyBinding([.control("l")], "pick from a list read from the account", .openPickList,
                               short: "pick from AWS")]
        case .pickList:
            return [
                KeyBinding([.tab, .character(" ")], "mark / unmark (a list of one: choose); while a filter is typed, "
                           + "Space is a space in it and Tab marks", .pickMark, short: "mark"),
                KeyBinding([.enter], "take the marked rows (none marked: the highlighted one)", .pickDone, short: "take"),
                KeyBinding([.down], "next row", .scrollDown, footer: false),
                KeyBinding([.up], "previous row", .scrollUp, footer: false),
                KeyBinding([.pageDown], "next page", .pageDown, short: "page"),
                KeyBinding([.pageUp], "previous page", .pageUp, footer: false),
                KeyBinding([.home], "first row", .top, footer: false),
                KeyBinding([.end], "last row", .bottom, footer: false),
                KeyBinding([.control("r")], "read the list from the account again", .pickReload, short: "read again"),
                KeyBinding([.control("u")], "clear the filter", .clearField, footer: false),
                KeyBinding([.escape], "close, changing nothing (stops a lookup)", .quit, short: "close"),
            ]
        case .viewport:
            return [
                KeyBinding([.pageDown, .character(" ")], "page down", .pageDown, footer: false),
                KeyBinding([.pageUp], "page up", .pageUp),
                KeyBinding([.home], "top", .top, footer: false),
                KeyBinding([.end], "bottom", .bottom, footer: false),
                KeyBinding([.down, .character("j")], "scroll down a line", .scrollDown),
                KeyBinding([.up, .character("k")], "scroll up a line", .scrollUp),
            ]
        }
    }

    public static func context(of field: FieldID) -> Context {
        switch field {
        case .parameter: return .parameter
        case .tagKey, .tagValue: return .tagCell
        default:
            switch field.kind {
            case .text: return .text
            case .checkbox: return .checkbox
            case .radio: return .radio
            case .section: return .section
            case .button: return .button
            case .viewport: return .viewport
            }
        }
    }

    /// The action a key means on a field: the field's own bindings first (with Ctrl-L where the
    /// field has a pick list), then the global ones. In text fields printable characters are
    /// text, so `?` and Space are not bindings there.
    public static func action(for key: Key, on field: FieldID, pickable: Bool = false) -> WizardAction? {
        let context = context(of: field)
        for binding in bindings(context) + (pickable ? bindings(.pickable) : []) where binding.keys.contains(key) {
            return binding.action
        }
        if field.kind == .text, case .character = key { return nil }
        for binding in bindings(.global) where binding.keys.contains(key) { return binding.action }
        return nil
    }

    /// The footer: the focused field's keys, then the global ones not overridden by them,
    /// with keys of the same action merged ("Enter/Tab/↓ next field").
    public static func footer(for field: FieldID, ascii: Bool, pickable: Bool = false) -> [(keys: String, help: String)] {
        let own = (pickable ? bindings(.pickable) : []) + bindings(context(of: field))
        let taken = Set(own.flatMap(\.keys))
        var entries: [(keys: [Key], help: String, action: WizardAction)] = []
        for binding in own.filter(\.inFooter) + bindings(.global).filter(\.inFooter) {
            var keys = own.contains(where: { $0.action == binding.action && $0.help == binding.help }) ? binding.keys
                : binding.keys.filter { !taken.contains($0) }
            if field.kind == .text { keys = keys.filter { if case .character = $0 { return false }; return true } }
            guard !keys.isEmpty else { continue }
            if let i = entries.firstIndex(where: { $0.action == binding.action }) {
                entries[i].keys += keys.filter { !entries[i].keys.contains($0) }
            } else {
                entries.append((keys, binding.footerHelp, binding.action))
            }
        }
        // The field's own keys (Ctrl-R, Ctrl-D) come first: a short footer drops from the end.
        let ownActions = Set(own.map(\.action).filter { $0 != .nextField && $0 != .previousField }.map { "\($0)" })
        entries = entries.filter { ownActions.contains("\($0.action)") } + entries.filter { !ownActions.contains("\($0.action)") }
        return entries.map { entry in (entry.keys.map { ascii ? $0.asciiLabel : $0.label }.joined(separator: "/"), entry.help) }
    }
}
