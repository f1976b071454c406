using System.Globalization;

namespace WhatsPortal.Web.Components.Shared;

/// <summary>
/// The portal's words in the reader's language (<see cref="CultureInfo.CurrentUICulture"/>, set by request
/// localization from the culture cookie or Accept-Language). Keyed by the English text, so a missing
/// translation shows English rather than a key. One small typed dictionary: two languages do not need resx tooling.
/// </summary>
public sealed class Translations
{
    private static readonly Dictionary<string, string> PortugueseBrazil = new()
    {
        ["Dashboard"] = "Painel",
        ["Webhook deliveries"] = "Entregas de webhook",
        ["No webhook deliveries yet."] = "Nenhuma entrega de webhook ainda.",
        ["Event"] = "Evento",
        ["Attempts"] = "Tentativas",
        ["Last answer"] = "Última resposta",
        ["Created"] = "Criada",
        ["Redeliver"] = "Reenviar",
        ["Signing secret"] = "Segredo de assinatura",
        ["All instances"] = "Todas as instâncias",
        ["Statistics"] = "Estatísticas",
        ["Members"] = "Membros",
        ["API keys"] = "Chaves de API",
        ["Change password"] = "Alterar senha",
        ["Two-factor authentication"] = "Autenticação em dois fatores",
        ["Language"] = "Idioma",
        ["Log out"] = "Sair",
        ["Log in"] = "Entrar",
        ["Email"] = "E-mail",
        ["Password"] = "Senha",
        ["Remember me"] = "Lembrar de mim",
        ["Instances"] = "Instâncias",
        ["Connected"] = "Conectadas",
        ["Messages today"] = "Mensagens hoje",
        ["New instance name"] = "Nome da nova instância",
        ["Create"] = "Criar",
        ["Name"] = "Nome",
        ["Number"] = "Número",
        ["Status"] = "Status",
        ["Last activity"] = "Última atividade",
        ["Today"] = "Hoje",
        ["No instances yet. Create one, start it and scan its QR code with WhatsApp."] = "Nenhuma instância ainda. Crie uma, inicie-a e leia o QR code com o WhatsApp.",
        ["Start"] = "Iniciar",
        ["Stop"] = "Parar",
        ["Restart"] = "Reiniciar",
        ["Delete"] = "Excluir",
        ["Link WhatsApp"] = "Conectar WhatsApp",
        ["On the phone: WhatsApp → Linked devices → Link a device, then scan."] = "No celular: WhatsApp → Dispositivos conectados → Conectar um dispositivo, e leia o código.",
        ["Linked to WhatsApp"] = "Conectado ao WhatsApp",
        ["Waiting for WhatsApp…"] = "Aguardando o WhatsApp…",
        ["Start the instance to get a QR code."] = "Inicie a instância para obter um QR code.",
        ["Or link with a code sent to the phone number"] = "Ou conecte com um código para o número de telefone",
        ["Get code"] = "Obter código",
        ["Type this code on the phone"] = "Digite este código no celular",
        ["Settings"] = "Configurações",
        ["Saved."] = "Salvo.",
        ["Webhook URL"] = "URL do webhook",
        ["Pause between sends (ms)"] = "Pausa entre envios (ms)",
        ["Random extra (ms)"] = "Extra aleatório (ms)",
        ["Start with WhatsPortal"] = "Iniciar com o WhatsPortal",
        ["Save"] = "Salvar",
        ["Chats"] = "Conversas",
        ["First message"] = "Primeira mensagem",
        ["No chats yet. Messages sent or received appear here."] = "Nenhuma conversa ainda. Mensagens enviadas ou recebidas aparecem aqui.",
        ["Event log"] = "Registro de eventos",
        ["All levels"] = "Todos os níveis",
        ["All types"] = "Todos os tipos",
        ["Nothing logged."] = "Nada registrado.",
        ["Older messages"] = "Mensagens anteriores",
        ["Type a message"] = "Digite uma mensagem",
        ["Attach a file"] = "Anexar arquivo",
        ["Send"] = "Enviar",
        ["This message was deleted"] = "Esta mensagem foi apagada",
        ["Not found"] = "Não encontrado",
        ["There is nothing here."] = "Não há nada aqui.",
        ["Back to the dashboard"] = "Voltar ao painel",
        ["Tenants"] = "Clientes",
        ["New tenant"] = "Novo cliente",

        // ---- portal-prefs: account preferences and the operator's instance actions ----
        ["Language and time zone"] = "Idioma e fuso horário",
        ["Your preferences were saved."] = "Suas preferências foram salvas.",
        ["Time zone"] = "Fuso horário",
        ["Browser's zone (automatic)"] = "Fuso do navegador (automático)",
        ["Times in the portal are shown in this zone, in every browser you use."] = "Os horários do portal são mostrados neste fuso, em qualquer navegador que você usar.",
        ["Unknown language."] = "Idioma desconhecido.",
        ["Unknown time zone."] = "Fuso horário desconhecido.",
        ["Tenant"] = "Cliente",
        ["All tenants"] = "Todos os clientes",
        ["Filter"] = "Filtrar",
        ["No instances."] = "Nenhuma instância.",
        ["Started"] = "Iniciada",
        ["Stopped"] = "Parada",
        ["Restarted"] = "Reiniciada",
        ["Logged out"] = "Desconectada",
        ["Deleted"] = "Excluída",
    };

    public string this[string english] =>
        CultureInfo.CurrentUICulture.Name == "pt-BR" && PortugueseBrazil.TryGetValue(english, out var text) ? text : english;
}
