package dev.tollgate.rego.builtin.graphql;

import dev.tollgate.rego.builtin.GoQuote;
import dev.tollgate.rego.builtin.graphql.Ast.*;
import dev.tollgate.rego.builtin.graphql.Schema.TypeDef;

import java.util.List;
import java.util.TreeSet;

/** The type-system rules gqlparser enforces on a schema, checked in its order so the first error is the same. */
final class SchemaChecks {
    private final Schema schema;

    SchemaChecks(Schema schema) {
        this.schema = schema;
    }

    void run() {
        for (String name : schema.sortedTypeNames()) definition(schema.types.get(name));
        for (String name : new TreeSet<>(schema.directives.keySet())) {
            DirectiveDefinition d = schema.directives.get(name);
            checkName(d.pos(), d.name());
            arguments(d.arguments(), d);
        }
    }

    private void definition(TypeDef def) {
        for (FieldDefinition f : def.fields) {
            checkName(f.pos(), f.name());
            typeRef(f.type());
            arguments(f.arguments(), null);
            directives(f.directives(), def.kind.equals("INPUT_OBJECT") ? "INPUT_FIELD_DEFINITION" : "FIELD_DEFINITION", null);
        }
        for (String member : def.types) {
            TypeDef t = schema.types.get(member);
            if (t == null) throw new GraphQlError("Undefined type " + GoQuote.quote(member) + ".", def.pos);
            if (!t.kind.equals("OBJECT")) {
                throw new GraphQlError(def.kind + " type " + GoQuote.quote(member) + " must be OBJECT.", def.pos);
            }
        }
        for (String intf : def.interfaces) implementsInterface(def, intf);
        switch (def.kind) {
            case "OBJECT", "INTERFACE" -> {
                if (def.fields.isEmpty()) throw new GraphQlError(def.kind + " " + def.name + ": must define one or more fields.", def.pos);
                for (FieldDefinition f : def.fields) {
                    TypeDef t = schema.type(f.type());
                    if (t != null && t.kind.equals("INPUT_OBJECT")) {
                        throw new GraphQlError(def.kind + " " + def.name
                                + ": field must be one of SCALAR, OBJECT, INTERFACE, UNION, ENUM.", f.pos());
                    }
                }
            }
            case "ENUM" -> {
                if (def.enumValues.isEmpty()) {
                    throw new GraphQlError(def.kind + " " + def.name + ": must define one or more unique enum values.", def.pos);
                }
                for (EnumValueDefinition v : def.enumValues) {
                    if (List.of("true", "false", "null").contains(v.name())) {
                        throw new GraphQlError(def.kind + " " + def.name + ": non-enum value " + v.name() + ".", def.pos);
                    }
                }
            }
            case "INPUT_OBJECT" -> {
                if (def.fields.isEmpty()) throw new GraphQlError(def.kind + " " + def.name + ": must define one or more input fields.", def.pos);
                for (FieldDefinition f : def.fields) {
                    TypeDef t = schema.type(f.type());
                    if (t != null && !t.isInput()) {
                        throw new GraphQlError(t.kind + " " + f.name() + ": field must be one of SCALAR, ENUM, INPUT_OBJECT.", f.pos());
                    }
                }
            }
            default -> { }
        }
        for (int i = 0; i < def.fields.size(); i++) {
            for (int j = i + 1; j < def.fields.size(); j++) {
                FieldDefinition second = def.fields.get(j);
                if (def.fields.get(i).name().equals(second.name())) {
                    throw new GraphQlError("Field " + def.name + "." + second.name() + " can only be defined once.", second.pos());
                }
            }
        }
        if (!def.builtIn) checkName(def.pos, def.name);
        directives(def.directives, def.kind, null);
    }

    private void typeRef(TypeRef t) {
        if (schema.type(t) == null) throw new GraphQlError("Undefined type " + (t == null ? "" : t.name()) + ".", t == null ? null : t.pos());
    }

    private void arguments(List<ArgumentDefinition> args, DirectiveDefinition current) {
        for (ArgumentDefinition a : args) {
            checkName(a.pos(), a.name());
            typeRef(a.type());
            TypeDef t = schema.type(a.type());
            if (!t.isInput()) {
                throw new GraphQlError("cannot use " + a.type() + " as argument " + a.name() + " because " + t.kind
                        + " is not a valid input type", a.pos());
            }
            directives(a.directives(), "ARGUMENT_DEFINITION", current);
        }
    }

    private void directives(List<Directive> dirs, String location, DirectiveDefinition current) {
        for (Directive d : dirs) {
            checkName(d.pos(), d.name());
            if (current != null && d.name().equals(current.name())) {
                throw new GraphQlError("Directive " + current.name() + " cannot refer to itself.", d.pos());
            }
            DirectiveDefinition def = schema.directives.get(d.name());
            if (def == null) throw new GraphQlError("Undefined directive " + d.name() + ".", d.pos());
            if (!def.locations().contains(location)) {
                throw new GraphQlError("Directive " + d.name() + " is not applicable on " + location + ".", d.pos());
            }
        }
    }

    private void implementsInterface(TypeDef def, String intfName) {
        TypeDef intf = schema.types.get(intfName);
        if (intf == null) throw new GraphQlError("Undefined type " + GoQuote.quote(intfName) + ".", def.pos);
        if (!intf.kind.equals("INTERFACE")) {
            throw new GraphQlError(GoQuote.quote(intfName) + " is a non interface type " + intf.kind + ".", def.pos);
        }
        for (FieldDefinition required : intf.fields) {
            FieldDefinition found = def.field(required.name());
            String prefix = "For " + def.name + " to implement " + intf.name;
            if (found == null) throw new GraphQlError(prefix + " it must have a field called " + required.name() + ".", def.pos);
            if (!isCovariant(required.type(), found.type())) {
                throw new GraphQlError(prefix + " the field " + required.name() + " must have type " + required.type() + ".", found.pos());
            }
            for (ArgumentDefinition ra : required.arguments()) {
                ArgumentDefinition fa = argument(found.arguments(), ra.name());
                if (fa == null) {
                    throw new GraphQlError(prefix + " the field " + required.name()
                            + " must have the same arguments but it is missing " + ra.name() + ".", found.pos());
                }
                if (!ra.type().isCompatible(fa.type())) {
                    throw new GraphQlError(prefix + " the field " + required.name() + " must have the same arguments but "
                            + ra.name() + " has the wrong type.", fa.pos());
                }
            }
            for (ArgumentDefinition fa : found.arguments()) {
                if (argument(required.arguments(), fa.name()) == null && fa.type().nonNull() && fa.defaultValue() == null) {
                    throw new GraphQlError(prefix + " any additional arguments on " + found.name()
                            + " must be optional or have a default value but " + fa.name() + " is required.", fa.pos());
                }
            }
        }
        for (String transitive : intf.interfaces) {
            if (!def.interfaces.contains(transitive)) {
                if (transitive.equals(def.name)) {
                    throw new GraphQlError("Type " + def.name + " cannot implement " + intfName
                            + " because it would create a circular reference.", def.pos);
                }
                throw new GraphQlError("Type " + def.name + " must implement " + transitive + " because it is implemented by "
                        + intfName + ".", def.pos);
            }
        }
    }

    private boolean isCovariant(TypeRef required, TypeRef actual) {
        if (required == null || actual == null) return false;
        if (required.nonNull() && !actual.nonNull()) return false;
        if (!required.namedType().isEmpty()) {
            if (required.namedType().equals(actual.namedType())) return true;
            TypeDef r = schema.types.get(required.namedType());
            if (r == null) return false;
            for (TypeDef pt : schema.possibleTypes(r)) if (pt.name.equals(actual.namedType())) return true;
            return false;
        }
        if (required.elem() != null && actual.elem() == null) return false;
        return isCovariant(required.elem(), actual.elem());
    }

    static ArgumentDefinition argument(List<ArgumentDefinition> args, String name) {
        for (ArgumentDefinition a : args) if (a.name().equals(name)) return a;
        return null;
    }

    private static void checkName(Pos pos, String name) {
        if (name.startsWith("__")) {
            throw new GraphQlError("Name \"" + name + "\" must not begin with \"__\", which is reserved by GraphQL introspection.", pos);
        }
    }
}
