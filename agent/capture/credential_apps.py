"""Applications whose whole purpose is secrets: password managers and credential prompts.

This is a floor under the policy, not a replacement for it: the policy's
``applications.deny`` already lists the common password managers by default,
but a policy that replaces that list must not bring them back into capture.
Nothing from these applications is ever captured — no focus details, no keys,
no screens — whatever the policy says. (The password-safe typing layer uses
the same list as one of its heuristics.)

Names are compared after :func:`normalise`: case-folded, without a trailing
``.exe``, so ``KeePassXC`` (WM_CLASS), ``keepassxc`` (process) and
``KeePassXC.exe`` (Windows) are one entry.
"""

from __future__ import annotations

#: Password managers, by WM_CLASS class, process name, executable or bundle id.
PASSWORD_MANAGERS = frozenset(
    {
        "1password", "com.1password.1password", "com.agilebits.onepassword7",
        "com.agilebits.onepassword-osx",
        "bitwarden", "com.bitwarden.desktop",
        "keepassxc", "org.keepassxc.keepassxc", "keepass", "keepass2", "keepassx",
        "enpass", "in.sinew.enpass-desktop",
        "lastpass", "dashlane", "nordpass", "proton pass", "protonpass", "keeper",
        "keeperpasswordmanager", "roboform",
        "seahorse", "org.gnome.seahorse.application", "kwalletmanager", "kwalletmanager5",
        "com.apple.keychainaccess", "com.apple.passwords",
    }
)  # fmt: skip

#: Prompts that exist to take a passphrase, a PIN or an administrator password.
CREDENTIAL_PROMPTS = frozenset(
    {
        "pinentry", "pinentry-gtk-2", "pinentry-gtk2", "pinentry-gnome3", "pinentry-qt",
        "pinentry-qt5", "pinentry-curses", "pinentry-mac",
        "gcr-prompter", "gcr-prompter-4",
        "polkit-gnome-authentication-agent-1", "polkit-kde-authentication-agent-1",
        "lxqt-policykit-agent", "mate-polkit",
        "ssh-askpass", "x11-ssh-askpass", "ksshaskpass", "ssh-askpass-gnome",
        "credentialuibroker", "consent", "lockapp", "logonui",
        "com.apple.securityagent", "coreautha", "com.apple.coreautha",
    }
)  # fmt: skip

CREDENTIAL_APPS = PASSWORD_MANAGERS | CREDENTIAL_PROMPTS


def normalise(name: str) -> str:
    folded = name.strip().casefold()
    return folded.removesuffix(".exe")


def is_credential_app(*names: str | None) -> bool:
    """Whether any of an application's names (id, process name) is a credential application."""
    return any(name is not None and normalise(name) in CREDENTIAL_APPS for name in names)
