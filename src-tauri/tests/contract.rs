//! The window's contract with the desktop shell, declared once: in the
//! `#[tauri::command]` functions themselves. This test reads their
//! signatures and writes `ui/src/lib/bindings/Commands.ts` (each command's
//! name, its arguments by the names the window sends, and what it returns,
//! in the TypeScript types ts-rs generates from the same Rust types), so
//! `api.ts` is checked by the compiler against Rust. It fails when a
//! command is not registered with `generate_handler!` (or a registered one
//! is not a command), when a command uses a type with no TypeScript
//! binding, and when a binding is left that no command uses.
//! `scripts/test.sh` then fails when the committed file is not what this
//! wrote.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;
use syn::{FnArg, GenericArgument, Item, PathArguments, ReturnType, Type};

/// A command as the window sees it.
struct Command {
    /// Where it is, as `generate_handler!` names it: `commands::people::merge_people`.
    path: String,
    name: String,
    /// Argument names as the window sends them (camelCase), with their types.
    args: Vec<(String, String)>,
    returns: String,
}

/// Parameters Tauri fills in itself; the window never sends them.
const INJECTED: &[&str] = &["State", "AppHandle", "Window", "WebviewWindow", "Webview"];

fn shell_source() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn bindings_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings")
}

fn parse(path: &Path) -> syn::File {
    let text = std::fs::read_to_string(path).unwrap();
    syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `commands.rs` and everything under `commands/`, with their module paths.
fn command_files() -> Vec<(String, PathBuf)> {
    fn walk(dir: &Path, module: &str, out: &mut Vec<(String, PathBuf)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                walk(&path, &format!("{module}::{stem}"), out);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let module = if stem == "mod" {
                    module.to_owned()
                } else {
                    format!("{module}::{stem}")
                };
                out.push((module, path));
            }
        }
    }
    let root = shell_source();
    let mut files = vec![("commands".to_owned(), root.join("commands.rs"))];
    walk(&root.join("commands"), "commands", &mut files);
    files.retain(|(_, path)| path.exists());
    files
}

fn is_command(item: &syn::ItemFn) -> bool {
    item.attrs.iter().any(|a| {
        let segments: Vec<_> = a
            .path()
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        segments == ["tauri", "command"] || segments == ["command"]
    })
}

fn last_ident(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        Type::Reference(r) => last_ident(&r.elem),
        _ => None,
    }
}

fn type_arguments(ty: &Type) -> Vec<&Type> {
    let Type::Path(p) = ty else { return vec![] };
    let Some(last) = p.path.segments.last() else {
        return vec![];
    };
    match &last.arguments {
        PathArguments::AngleBracketed(args) => args
            .args
            .iter()
            .filter_map(|a| match a {
                GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => vec![],
    }
}

/// The TypeScript for a Rust type, as ts-rs and serde render it.
fn typescript(ty: &Type, uses: &mut BTreeSet<String>, context: &str) -> String {
    match ty {
        Type::Reference(r) => typescript(&r.elem, uses, context),
        Type::Tuple(t) if t.elems.is_empty() => "null".to_owned(),
        Type::Tuple(t) => format!(
            "[{}]",
            t.elems
                .iter()
                .map(|e| typescript(e, uses, context))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Type::Path(_) => {
            let name = last_ident(ty).unwrap();
            let inner = |uses: &mut BTreeSet<String>| {
                let args = type_arguments(ty);
                typescript(args.first().expect("a type argument"), uses, context)
            };
            match name.as_str() {
                "String" | "str" | "PathBuf" | "NaiveDate" | "NaiveTime" | "DateTime" => {
                    "string".to_owned()
                }
                "bool" => "boolean".to_owned(),
                "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize"
                | "f32" | "f64" => "number".to_owned(),
                "Option" => format!("{} | null", inner(uses)),
                "Vec" => format!("Array<{}>", inner(uses)),
                "CommandResult" | "Result" => inner(uses),
                _ => {
                    uses.insert(name.clone());
                    name
                }
            }
        }
        other => panic!("{context}: cannot describe {other:?} in TypeScript"),
    }
}

fn camel_case(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn commands(uses: &mut BTreeSet<String>) -> Vec<Command> {
    let mut found = Vec::new();
    for (module, path) in command_files() {
        for item in parse(&path).items {
            let Item::Fn(f) = item else { continue };
            if !is_command(&f) {
                continue;
            }
            let name = f.sig.ident.to_string();
            let args = f
                .sig
                .inputs
                .iter()
                .filter_map(|input| match input {
                    FnArg::Typed(arg) => Some(arg),
                    FnArg::Receiver(_) => None,
                })
                .filter(|arg| !last_ident(&arg.ty).is_some_and(|t| INJECTED.contains(&t.as_str())))
                .map(|arg| {
                    let syn::Pat::Ident(ident) = &*arg.pat else {
                        panic!("{name}: every argument needs a plain name");
                    };
                    (
                        camel_case(&ident.ident.to_string()),
                        typescript(&arg.ty, uses, &name),
                    )
                })
                .collect();
            let returns = match &f.sig.output {
                ReturnType::Default => "null".to_owned(),
                ReturnType::Type(_, ty) => typescript(ty, uses, &name),
            };
            found.push(Command {
                path: format!("{module}::{name}"),
                name,
                args,
                returns,
            });
        }
    }
    found.sort_by(|a, b| a.name.cmp(&b.name));
    found
}

/// The paths registered with `generate_handler!` in lib.rs.
fn registered() -> BTreeSet<String> {
    struct Handlers(BTreeSet<String>);
    impl<'ast> Visit<'ast> for Handlers {
        fn visit_macro(&mut self, mac: &'ast syn::Macro) {
            if mac
                .path
                .segments
                .last()
                .is_some_and(|s| s.ident == "generate_handler")
            {
                let paths = mac
                    .parse_body_with(
                        syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
                    )
                    .unwrap();
                self.0.extend(paths.iter().map(|p| {
                    p.segments
                        .iter()
                        .map(|s| s.ident.to_string())
                        .collect::<Vec<_>>()
                        .join("::")
                }));
            }
        }
    }
    let mut handlers = Handlers(BTreeSet::new());
    handlers.visit_file(&parse(&shell_source().join("lib.rs")));
    handlers.0
}

fn render(commands: &[Command], uses: &BTreeSet<String>) -> String {
    let mut out = String::from(
        "// Generated from the desktop shell's #[tauri::command] functions by\n\
         // `cargo test -p tend-desktop --test contract`. Do not edit this file manually.\n\n",
    );
    for name in uses {
        out.push_str(&format!("import type {{ {name} }} from './{name}';\n"));
    }
    out.push_str(
        "\n/** Every command the window can send: its arguments, by the names the\n \
         * window sends them, and what it returns. */\nexport type Commands = {\n",
    );
    for c in commands {
        let args = if c.args.is_empty() {
            "Record<string, never>".to_owned()
        } else {
            format!(
                "{{ {} }}",
                c.args
                    .iter()
                    .map(|(n, t)| format!("{n}: {t}"))
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        };
        out.push_str(&format!(
            "  {}: {{ args: {args}; returns: {} }};\n",
            c.name, c.returns
        ));
    }
    out.push_str("};\n");
    out
}

/// The bindings each binding imports, by file name without `.ts`.
fn imports(text: &str) -> Vec<String> {
    ["from './", "from \"./"]
        .iter()
        .flat_map(|start| {
            text.match_indices(start).filter_map(|(at, _)| {
                let rest = &text[at + start.len()..];
                rest.find(['\'', '"']).map(|end| rest[..end].to_owned())
            })
        })
        .collect()
}

#[test]
fn commands_ts_is_the_shells_command_table() {
    let mut uses = BTreeSet::new();
    let commands = commands(&mut uses);
    assert!(
        commands.len() > 50,
        "found only {} commands",
        commands.len()
    );

    let declared: BTreeSet<String> = commands.iter().map(|c| c.path.clone()).collect();
    let registered = registered();
    assert_eq!(
        declared.difference(&registered).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "commands not in generate_handler!"
    );
    assert_eq!(
        registered.difference(&declared).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "generate_handler! entries that are not #[tauri::command] functions"
    );
    let names: BTreeSet<&str> = commands.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names.len(), commands.len(), "two commands share a name");

    let dir = bindings_dir();
    let missing: Vec<_> = uses
        .iter()
        .filter(|name| !dir.join(format!("{name}.ts")).exists())
        .collect();
    assert!(
        missing.is_empty(),
        "commands use types with no TypeScript binding (derive TS with #[ts(export)]): {missing:?}"
    );

    let table = render(&commands, &uses);
    let path = dir.join("Commands.ts");
    if std::fs::read_to_string(&path).ok().as_deref() != Some(table.as_str()) {
        std::fs::write(&path, &table).unwrap();
    }

    // Every binding is reached from the command table.
    let files: BTreeMap<String, String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ts"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    let mut reached = BTreeSet::new();
    // Every command fails with a CommandError.
    let mut next = vec!["Commands".to_owned(), "CommandError".to_owned()];
    while let Some(name) = next.pop() {
        if reached.insert(name.clone()) {
            next.extend(files.get(&name).map(|t| imports(t)).unwrap_or_default());
        }
    }
    let unused: Vec<_> = files.keys().filter(|n| !reached.contains(*n)).collect();
    assert!(
        unused.is_empty(),
        "bindings no command uses (delete them, and the Rust type's TS derive if it has no other use): {unused:?}"
    );
}
