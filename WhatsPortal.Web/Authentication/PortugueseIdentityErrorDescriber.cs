using Microsoft.AspNetCore.Identity;
using WhatsPortal.Web.Components.Shared;

namespace WhatsPortal.Web.Authentication;

/// <summary>
/// Identity's own messages (password rules, taken email, expired link...) in Brazilian Portuguese when the reader's
/// language is pt-BR, Identity's English ones otherwise. The portal shows them as they come (change password, accept
/// an invitation, new tenant, invite), so this is where they are translated. Codes never change: only what people read.
/// </summary>
public sealed class PortugueseIdentityErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => In(base.DefaultError(), "Ocorreu um erro inesperado.");

    public override IdentityError ConcurrencyFailure() =>
        In(base.ConcurrencyFailure(), "Os dados foram alterados por outra pessoa ao mesmo tempo. Tente novamente.");

    public override IdentityError PasswordMismatch() => In(base.PasswordMismatch(), "Senha incorreta.");

    public override IdentityError InvalidToken() => In(base.InvalidToken(), "Este link ou código não é mais válido.");

    public override IdentityError RecoveryCodeRedemptionFailed() =>
        In(base.RecoveryCodeRedemptionFailed(), "Este código de recuperação não é válido ou já foi usado.");

    public override IdentityError LoginAlreadyAssociated() =>
        In(base.LoginAlreadyAssociated(), "Já existe um usuário com este login.");

    public override IdentityError InvalidUserName(string? userName) =>
        In(base.InvalidUserName(userName), $"O nome de usuário “{userName}” não é válido.");

    public override IdentityError InvalidEmail(string? email) => In(base.InvalidEmail(email), $"O e-mail “{email}” não é válido.");

    public override IdentityError DuplicateUserName(string userName) =>
        In(base.DuplicateUserName(userName), $"O usuário “{userName}” já existe.");

    public override IdentityError DuplicateEmail(string email) => In(base.DuplicateEmail(email), $"O e-mail “{email}” já está em uso.");

    public override IdentityError InvalidRoleName(string? role) => In(base.InvalidRoleName(role), $"O papel “{role}” não é válido.");

    public override IdentityError DuplicateRoleName(string role) => In(base.DuplicateRoleName(role), $"O papel “{role}” já existe.");

    public override IdentityError UserAlreadyHasPassword() => In(base.UserAlreadyHasPassword(), "Este usuário já tem uma senha.");

    public override IdentityError UserLockoutNotEnabled() =>
        In(base.UserLockoutNotEnabled(), "O bloqueio não está habilitado para este usuário.");

    public override IdentityError UserAlreadyInRole(string role) => In(base.UserAlreadyInRole(role), $"O usuário já tem o papel “{role}”.");

    public override IdentityError UserNotInRole(string role) => In(base.UserNotInRole(role), $"O usuário não tem o papel “{role}”.");

    public override IdentityError PasswordTooShort(int length) =>
        In(base.PasswordTooShort(length), $"A senha deve ter pelo menos {length} caracteres.");

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        In(base.PasswordRequiresUniqueChars(uniqueChars), $"A senha deve ter pelo menos {uniqueChars} caracteres diferentes.");

    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        In(base.PasswordRequiresNonAlphanumeric(), "A senha deve ter pelo menos um caractere que não seja letra nem número.");

    public override IdentityError PasswordRequiresDigit() => In(base.PasswordRequiresDigit(), "A senha deve ter pelo menos um número (0-9).");

    public override IdentityError PasswordRequiresLower() => In(base.PasswordRequiresLower(), "A senha deve ter pelo menos uma letra minúscula (a-z).");

    public override IdentityError PasswordRequiresUpper() => In(base.PasswordRequiresUpper(), "A senha deve ter pelo menos uma letra maiúscula (A-Z).");

    /// <summary>Identity's error with its code, described in Portuguese for a pt-BR reader.</summary>
    private static IdentityError In(IdentityError english, string portuguese) =>
        Translations.InPortuguese ? new IdentityError { Code = english.Code, Description = portuguese } : english;
}
