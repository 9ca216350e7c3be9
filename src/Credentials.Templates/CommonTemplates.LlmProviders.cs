namespace Credentials;

internal sealed partial class CommonTemplates
{
    // Model APIs, most used first. Aggregators and self-hosted endpoints come after the providers themselves.
    private static CredentialTemplate[] LlmProviders() =>
    [
        new("openai", "OpenAI", "OpenAI API Key", "OPENAI_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider,
            "GPT, reasoning, embedding, image and audio models from OpenAI.",
            Docs("https://platform.openai.com/docs/quickstart"))
        { SecretPrefix = "sk-" },
        new("anthropic", "Anthropic", "Anthropic API Key", "ANTHROPIC_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider,
            "Claude models through the Anthropic API.",
            Docs("https://docs.anthropic.com/en/api/getting-started"))
        { SecretPrefix = "sk-ant-", HeaderName = "x-api-key" },
        new("gemini", "Google Gemini", "Gemini API Key", "GEMINI_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider,
            "Gemini models through the Gemini API (Google AI Studio); the Google Gen AI SDK also reads GOOGLE_API_KEY.",
            Docs("https://ai.google.dev/gemini-api/docs/api-key"))
        { SecretPrefix = "AIza", HeaderName = "x-goog-api-key" },
        new("azure-openai", "Azure OpenAI", "Azure OpenAI API Key", "AZURE_OPENAI_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider,
            "Key of an Azure OpenAI resource; set its endpoint (AZURE_OPENAI_ENDPOINT) in configuration.",
            Docs("https://learn.microsoft.com/en-us/azure/ai-services/openai/quickstart"))
        { HeaderName = "api-key" },
        new("aws-bedrock", "Amazon Bedrock", "Amazon Bedrock API Key", "AWS_BEARER_TOKEN_BEDROCK", CredentialType.ApiToken, CredentialCategory.LlmProvider,
            "Amazon Bedrock API key (bearer token) for Bedrock models; IAM access keys go in the AWS template.",
            Docs("https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys.html")),
        new("mistral", "Mistral AI", "Mistral API Key", "MISTRAL_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider,
            "Mistral and Codestral models through La Plateforme.",
            Docs("https://docs.mistral.ai/getting-started/quickstart/")),
        new("groq", "Groq", "Groq API Key", "GROQ_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider,
            "Fast inference of open models on GroqCloud.",
            Docs("https://console.groq.com/docs/quickstart"))
        { SecretPrefix = "gsk_" },
        new("deepseek", "DeepSeek", "DeepSeek API Key", "DEEPSEEK_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider,
            "DeepSeek chat and reasoning models.",
            Docs("https://api-docs.deepseek.com/"))
        { SecretPrefix = "sk-" },
        new("xai", "xAI", "xAI API Key", "XAI_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider,
            "Grok models through the xAI API.",
            Docs("https://docs.x.ai/docs/overview"))
        { SecretPrefix = "xai-" },
        new("openrouter", "OpenRouter", "OpenRouter API Key", "OPENROUTER_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider,
            "One key for hundreds of models from many providers, through an OpenAI-compatible API.",
            Docs("https://openrouter.ai/docs/api-reference/authentication"))
        { SecretPrefix = "sk-or-" },
        new("perplexity", "Perplexity", "Perplexity API Key", "PERPLEXITY_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider,
            "Sonar models that answer with live web search and citations.",
            Docs("https://docs.perplexity.ai/getting-started/quickstart"))
        { SecretPrefix = "pplx-" },
        new("cohere", "Cohere", "Cohere API Key", "COHERE_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider,
            "Command, Embed and Rerank models; the Cohere SDK itself reads CO_API_KEY.",
            Docs("https://docs.cohere.com/reference/about")),
        new("together", "Together AI", "Together AI API Key", "TOGETHER_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider,
            "Open models (Llama, Qwen, DeepSeek and more) on Together AI.",
            Docs("https://docs.together.ai/docs/quickstart")),
        new("fireworks", "Fireworks AI", "Fireworks AI API Key", "FIREWORKS_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider,
            "Open and fine-tuned models served by Fireworks AI.",
            Docs("https://docs.fireworks.ai/getting-started/quickstart")),
        new("huggingface", "Hugging Face", "Hugging Face Token", "HF_TOKEN", CredentialType.ApiToken, CredentialCategory.LlmProvider,
            "User access token for the Hugging Face Hub and Inference Providers.",
            Docs("https://huggingface.co/docs/hub/security-tokens"))
        { SecretPrefix = "hf_" },
        new("replicate", "Replicate", "Replicate API Token", "REPLICATE_API_TOKEN", CredentialType.ApiToken, CredentialCategory.LlmProvider,
            "Run open-source models on Replicate.",
            Docs("https://replicate.com/docs/reference/http#authentication"))
        { SecretPrefix = "r8_" },
        new("cerebras", "Cerebras", "Cerebras API Key", "CEREBRAS_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider,
            "Fast inference of open models on Cerebras.",
            Docs("https://inference-docs.cerebras.ai/quickstart"))
        { SecretPrefix = "csk-" },
        new("nvidia", "NVIDIA NIM", "NVIDIA API Key", "NVIDIA_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider,
            "Models hosted as NVIDIA NIM endpoints (build.nvidia.com).",
            Docs("https://docs.api.nvidia.com/nim/docs/api-quickstart"))
        { SecretPrefix = "nvapi-" },
        new("voyage", "Voyage AI", "Voyage AI API Key", "VOYAGE_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider,
            "Embedding and reranking models from Voyage AI.",
            Docs("https://docs.voyageai.com/docs/api-key-and-installation")),
        new("stability", "Stability AI", "Stability AI API Key", "STABILITY_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider,
            "Stable Diffusion image generation and editing.",
            Docs("https://platform.stability.ai/docs/getting-started/authentication"))
        { SecretPrefix = "sk-" },
        new("elevenlabs", "ElevenLabs", "ElevenLabs API Key", "ELEVENLABS_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider,
            "Text-to-speech, voice cloning and speech-to-text.",
            Docs("https://elevenlabs.io/docs/api-reference/authentication"))
        { HeaderName = "xi-api-key" },
        new("deepgram", "Deepgram", "Deepgram API Key", "DEEPGRAM_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider,
            "Speech-to-text and text-to-speech models.",
            Docs("https://developers.deepgram.com/docs/create-additional-api-keys"))
        { HeaderScheme = "Token" },
        new("assemblyai", "AssemblyAI", "AssemblyAI API Key", "ASSEMBLYAI_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider,
            "Speech-to-text and audio intelligence models.",
            Docs("https://www.assemblyai.com/docs/api-reference/overview"))
        { HeaderName = "Authorization" },
        new("openai-compatible", "OpenAI-compatible endpoint", "OpenAI-compatible API Key", "OPENAI_COMPATIBLE_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider,
            "Key for any server that speaks the OpenAI API (vLLM, LiteLLM, LM Studio); set its base URL in configuration.",
            Docs("https://platform.openai.com/docs/api-reference/authentication")),
    ];
}
