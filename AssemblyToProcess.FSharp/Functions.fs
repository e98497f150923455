namespace AssemblyToProcess.FSharp

open System.Runtime.CompilerServices

module Closures =
    let Run (n: int) : int64 =
        let scale = int64 (n % 7)
        let mutable total = 0L
        let adders = [| for i in 0 .. n % 40 - 1 -> fun () -> total <- total + int64 i * scale |]
        for _ in 1 .. 3 do
            for add in adders do
                add ()
        let composed = (fun x -> x + 1L) >> (fun x -> x * scale) >> (fun x -> x - total)
        [ 0 .. n - 1 ] |> List.map int64 |> List.filter (fun x -> x % 2L = 0L) |> List.sumBy composed

    let Forever (progress: StrongBox<int64>) : unit =
        let step = 1L
        let spin () =
            while true do
                progress.Value <- progress.Value + step
        spin ()

type Counter<'T when 'T: comparison>(items: 'T[]) =
    member _.CountBelow(limit: 'T) : int =
        let mutable count = 0
        for item in items do
            if item < limit then count <- count + 1
        count

    abstract Weight: 'T -> int64
    default _.Weight(_: 'T) = 1L

type WeightedCounter(items: string[]) =
    inherit Counter<string>(items)
    override _.Weight(item: string) =
        let mutable weight = 0L
        for c in item do
            weight <- weight + int64 c
        weight

module Generics =
    let inline private sumBy ([<InlineIfLambda>] f: 'T -> int64) (items: 'T[]) : int64 =
        let mutable sum = 0L
        for item in items do
            sum <- sum + f item
        sum

    let private maxOf (items: 'T list) : 'T option when 'T: comparison =
        let rec go best rest =
            match rest with
            | [] -> best
            | x :: tail -> go (match best with Some b when b >= x -> best | _ -> Some x) tail
        go None items

    let Run (n: int) : int64 =
        let numbers = Array.init n (fun i -> (i * 7919) % 1000)
        let words = numbers |> Array.map (fun x -> x.ToString "D4")
        let counter = WeightedCounter(words)
        let below = Counter(numbers).CountBelow 500 + counter.CountBelow "0500"
        let weights = sumBy counter.Weight words
        let best = maxOf (List.ofArray numbers) |> Option.defaultValue -1
        int64 below + weights + int64 best
